// WCAG 2.2 contrast (success criteria 1.4.3 and 1.4.11): the ratio of the relative luminances of
// two sRGB colours, (L1 + 0.05) / (L2 + 0.05), from 1:1 to 21:1. Used to check a service's brand
// colours when its config is loaded, so a colour that would fail AA fails `cdk synth`.

/** Normal text needs 4.5:1 (AA, 1.4.3). */
export const AA_TEXT_CONTRAST = 4.5;

const HEX = /^#([0-9a-f]{6})$/i;

export const isHexColour = (value: string): boolean => HEX.test(value);

/** The WCAG definition: each channel linearised, then weighted (0.2126 R, 0.7152 G, 0.0722 B). */
export const relativeLuminance = (hex: string): number => {
  const match = HEX.exec(hex);
  if (!match?.[1]) throw new Error(`not a #rrggbb colour: ${hex}`);
  const value = Number.parseInt(match[1], 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

export const contrastRatio = (a: string, b: string): number => {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
};

/** As people quote it: 4.47:1, rounded down so a failing ratio never prints as a passing one. */
export const formatRatio = (ratio: number): string => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
