// Static files the pages link to, served under /assets/: from S3 behind CloudFront in AWS, from
// node_modules by the local server. Both read this list. nhsuk-frontend's CSS refers to its
// images as /assets/images/..., so the folder is served at /assets/ as it is.

export const ASSET_URL_PREFIX = '/assets';

export const assetSources = {
  /** The stylesheet: one file, at /assets/nhsuk-frontend.min.css */
  stylesheet: {
    file: 'node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css',
    url: `${ASSET_URL_PREFIX}/nhsuk-frontend.min.css`,
  },
  /** The portal's own rules, linked after nhsuk-frontend's: one file, at /assets/portal.css */
  portalStylesheet: {
    file: 'shared/web/static/portal.css',
    url: `${ASSET_URL_PREFIX}/portal.css`,
  },
  /** Favicons, icons and the web manifest: the folder's contents, at /assets/... */
  folder: { dir: 'node_modules/nhsuk-frontend/dist/nhsuk/assets', url: ASSET_URL_PREFIX },
} as const;
