/**
 * Channel names, what the renderer may call, and the constants the renderer needs, with no zod.
 * The preload and the renderer import values only from here (and from the other plain modules,
 * training-defaults.ts and training-presets.ts) and `import type` from contract.ts, so no schema
 * library reaches their bundles (an ESLint rule and the build guard enforce it; see
 * eslint.config.mjs and src-main/build/). contract.ts holds the schemas of these same channels.
 */
import type { CallChannel, EventChannel } from './contract'

/**
 * The calls the renderer may make, and so the only ones the preload exposes on `window.api`,
 * the Electron main process registers, and the e2e harness offers the page. The CLI uses the
 * full backend (every call of contract.ts), e.g. `job:start` with paths typed on its command line.
 * A call that needs a file takes a token the main process handed out (a dialog or a dropped
 * file), never a path: see src-main/backend/file-grants.ts.
 */
export const rendererCalls = [
  'app:info',
  'dialog:openFiles',
  'dialog:saveFile',
  'job:cancel',
  'job:list',
  'training:check',
  'training:start',
  'training:startGlobal',
  'training:runs',
  'training:run',
  'dataset:list',
  'dataset:get',
  'dataset:import',
  'dataset:importSample',
  'dataset:clean',
  'dataset:series',
  'dataset:profile',
  'dataset:distribution',
  'dataset:rename',
  'dataset:delete',
  // issue 12: settings, undo, export, recent imports
  'app:settings',
  'app:updateSettings',
  'app:clearRecent',
  'dataset:restore',
  'dataset:exportData',
  'dataset:importRecent',
  'model:list',
  'model:get',
  'model:update',
  'model:delete',
  'model:restore',
  'model:export',
  'model:import',
  'model:forecast',
  'model:forecastStarts',
  'model:compare',
  'model:rerun',
  'model:resume',
  'model:evaluate',
  'community:list',
  'community:get',
  'community:series',
  'community:update',
  'community:buildTotal',
  // issue 13: walk-forward backtests in the Training area
  'backtest:start',
  'backtest:list',
  'backtest:get',
  'backtest:predictions',
] as const satisfies readonly CallChannel[]
export type RendererCall = (typeof rendererCalls)[number]

/** Dropped files: the preload resolves their paths (`webUtils.getPathForFile`) and trades them for tokens. */
export const GRANT_DROPPED_FILES = 'file:grantDropped' as const satisfies CallChannel

/**
 * Calls the preload makes itself, never exposed on `window.api`: the page can hand the preload
 * only real `File` objects, so it cannot name a path.
 */
export const preloadCalls = [GRANT_DROPPED_FILES] as const satisfies readonly CallChannel[]

/** Every channel the Electron main process answers from the app window. */
export const windowCalls: readonly CallChannel[] = [...rendererCalls, ...preloadCalls]

/** main → renderer events */
export const eventChannels = [
  'job:updated',
  'app:command',
  'app:settingsChanged',
  'dataset:changed',
] as const satisfies readonly EventChannel[]

/** True for the calls the page itself may make (the e2e harness's gate; Electron registers only these). */
export function isRendererCall(channel: string): channel is RendererCall {
  return (rendererCalls as readonly string[]).includes(channel)
}

/** Forecasts longer than this many steps are refused: the recursive forecast runs on the main process. */
export const MAX_FORECAST_STEPS = 2880
