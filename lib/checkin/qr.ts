import { PNG } from "pngjs";
import QRCode from "qrcode";

// QR images of the check-in payload, drawn from one module matrix: a PNG for mail (mail clients do not
// show SVG or data: URLs reliably, so it travels as an inline attachment referenced by cid) and an SVG path
// for the manage page. Both synchronous, so mail rendering stays a plain function of its props.

const QUIET_ZONE = 4; // modules of white border the QR standard asks for

type Matrix = { size: number; dark: (x: number, y: number) => boolean };

function matrix(text: string): Matrix {
  // Level M survives a scratched phone screen or a creased printout; the payload (~80 bytes) stays version 5–6.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, dark: (x, y) => Boolean(modules.get(y, x)) };
}

/** A black-on-white PNG, `scale` pixels per module. */
export function qrPng(text: string, scale = 8): Buffer {
  const { size, dark } = matrix(text);
  const side = (size + 2 * QUIET_ZONE) * scale;
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  // One byte per pixel (greyscale input): white, then the dark modules.
  const data = Buffer.alloc(side * side, 0xff);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!dark(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale;
        data.fill(0, row, row + scale);
      }
    }
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** An SVG path of the dark modules, in a viewBox of `size` × `size` units (quiet zone included). */
export function qrSvgPath(text: string): { size: number; path: string } {
  const { size, dark } = matrix(text);
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!dark(x, y)) continue;
      let run = 1;
      while (x + run < size && dark(x + run, y)) run++;
      parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`);
      x += run - 1;
    }
  }
  return { size: size + 2 * QUIET_ZONE, path: parts.join("") };
}
