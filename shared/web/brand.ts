import type { Branding } from '../config/branding.js';
import { ASSET_URL_PREFIX } from './assets.js';

// A service's branding as the browser gets it (F19; docs/branding.md): a small stylesheet linked
// after nhsuk-frontend's and the portal's (a file, not inline styles: the pages' CSP allows
// styles from 'self' only), and the logo, both published under /assets/brand/ by the stack
// (infra/constructs/web.ts) and by the local server. Built from the config, so the colours are
// the ones the config check passed for contrast.

export const BRAND_URL_PREFIX = `${ASSET_URL_PREFIX}/brand`;
export const BRAND_STYLESHEET_URL = `${BRAND_URL_PREFIX}/brand.css`;

/** The logo's file name as published: its name without the folders it sits in beside the config. */
export const brandLogoName = (branding: Branding): string | undefined => branding.logo?.file.split('/').pop();

export const brandLogoUrl = (branding: Branding | undefined): string | undefined => {
  const name = branding && brandLogoName(branding);
  return name ? `${BRAND_URL_PREFIX}/${name}` : undefined;
};

/**
 * A darker shade, as nhsuk-frontend darkens its green for the button's hover (80%) and its 4 px
 * shadow (50%). Darker behind light text only raises the contrast the config check passed.
 */
const shade = (hex: string, factor: number): string =>
  `#${[1, 3, 5]
    .map((i) =>
      Math.floor(Number.parseInt(hex.slice(i, i + 2), 16) * factor)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;

export const brandStylesheet = ({ colours }: Branding): string =>
  [
    `.nhsuk-header{background-color:${colours.header};color:${colours.headerText}}`,
    [
      '.nhsuk-header__service-name[href]',
      '.nhsuk-header__service-name[href]:visited',
      '.nhsuk-header__service-name[href]:hover',
      '.nhsuk-header__account-button',
      '.nhsuk-header__account-button:hover',
    ].join(',') + `{color:${colours.headerText}}`,
    `a:link,.nhsuk-link:link{color:${colours.link}}`,
    `.nhsuk-button{background-color:${colours.button};box-shadow:0 4px 0 ${shade(colours.button, 0.5)};color:${colours.buttonText}}`,
    `.nhsuk-button:hover{background-color:${shade(colours.button, 0.8)}}`,
    `.nhsuk-button:link,.nhsuk-button:visited,.nhsuk-button:hover{color:${colours.buttonText}}`,
    '.portal-brand-logo{display:block;max-height:40px;max-width:200px;margin-bottom:4px}',
    '',
  ].join('\n');
