import type { Migration } from './index'

/**
 * Energy communities (issue 11): a named group of household datasets (each household in at most one
 * community), and datasets derived from a community, such as its total, which remember how they were made.
 */
export const communities: Migration = {
  version: 5,
  name: 'communities',
  async up(tx) {
    await tx.exec(`
      CREATE TABLE communities (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      -- a household belongs to at most one community
      CREATE TABLE community_members (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
        community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE
      );
      CREATE INDEX community_members_by_community ON community_members(community_id);
      -- 'home' (imported) or 'community-total' (the sum of a community's members, see src-main/community)
      ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'home';
      -- for derived datasets: the community they come from, and how they were made (JSON)
      ALTER TABLE datasets ADD COLUMN source_community_id INTEGER REFERENCES communities(id) ON DELETE SET NULL;
      ALTER TABLE datasets ADD COLUMN derivation TEXT;
    `)
  },
}
