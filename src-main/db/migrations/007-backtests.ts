import type { Migration } from './index'

/**
 * Walk-forward backtests (issue 13): one row per backtest (the recipe it trained with, the folds'
 * plan, the summary over folds), linked to the saved model whose recipe it used (deleted with it), and
 * one row per finished fold (its verdict as JSON, its per-window figures as a blob), written as each
 * fold ends so a cancel or a crash keeps the folds already done. Version 6 belongs to another change.
 */
export const backtests: Migration = {
  version: 7,
  name: 'backtests',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE backtests (
        id INTEGER PRIMARY KEY,
        model_id INTEGER REFERENCES models(id) ON DELETE CASCADE,
        dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
        -- 'home' (one dataset: a household or a community total) or 'global' (several homes)
        kind TEXT NOT NULL DEFAULT 'home',
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
        -- the training request (JSON), the backtest options (JSON), the fold days (JSON)
        params_json TEXT NOT NULL,
        options_json TEXT NOT NULL,
        plan_json TEXT,
        -- the verdict over the folds done (JSON), and where the folds ran ('sequential' or 'threads')
        summary_json TEXT,
        runner TEXT,
        message TEXT NOT NULL DEFAULT '',
        owner_pid INTEGER,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        ended_at TEXT
      );
      CREATE INDEX backtests_by_model ON backtests(model_id);
      CREATE INDEX backtests_by_dataset ON backtests(dataset_id);
      -- result_json: the fold's verdict; windows: its per-window figures (v8-serialised typed arrays)
      CREATE TABLE backtest_folds (
        backtest_id INTEGER NOT NULL REFERENCES backtests(id) ON DELETE CASCADE,
        fold INTEGER NOT NULL,
        result_json TEXT NOT NULL,
        windows BLOB NOT NULL,
        PRIMARY KEY (backtest_id, fold)
      );
    `)
  },
}
