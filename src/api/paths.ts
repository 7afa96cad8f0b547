/** Where the API lives: every route is under this prefix (docs/api/versioning.md). */
export const API_PREFIX = '/api/v1'
export const API_VERSION = '1.0.0'
