/**
 * `tradepulse/plugins`: indicators and strategies from outside the core, loaded only when the
 * project's allowlist (tradepulse.config.json) pins their files' integrity. See docs/plugins.md.
 */
export { type LoadIndicatorPluginsOptions, loadIndicatorPlugins } from './indicator-plugins.ts'
export {
  type PluginAllowlist,
  type PluginEntry,
  type ProjectConfig,
  PROJECT_CONFIG_FILE,
  readPluginAllowlist,
} from './config.ts'
export { type PluginCheck, authorisePlugin, checkAllowlist, pinPlugin } from './allowlist.ts'
export { type PluginSource, computeIntegrity, resolvePlugin } from './integrity.ts'
