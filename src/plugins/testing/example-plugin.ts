/**
 * The sample plugin in examples/plugin-indicators, pinned as a project would pin it: tests load it
 * through this allowlist, never through the repository's own tradepulse.config.json. The hash is
 * written out (not computed) on purpose — a change to the plugin must be pinned again, here too.
 */
import { fileURLToPath } from 'node:url'
import type { PluginAllowlist, PluginEntry } from '../config.ts'

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export const EXAMPLE_PLUGIN_PATH = './examples/plugin-indicators/index.js'

export const EXAMPLE_PLUGIN_ENTRY: PluginEntry = {
  name: 'example',
  path: EXAMPLE_PLUGIN_PATH,
  integrity:
    'sha512-8TMUGQ5I+YQTBlQ2xufTTK8gSMQl/kIHwm3jnDnRjgi/ShUfJPhSsSUdcdYwlMiRLqbCHLuv2nj9YRHWBNm2dA==',
  kind: 'indicators',
}

/** An allowlist rooted at the repository that admits the sample plugin and nothing else. */
export const EXAMPLE_ALLOWLIST: PluginAllowlist = { root: REPOSITORY_ROOT, plugins: [EXAMPLE_PLUGIN_ENTRY] }
