import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { qrPng, qrSvgPath } from "@/lib/checkin/qr";

const payload = "0190a0b0-0000-7000-8000-000000000001.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c";

describe("check-in QR images", () => {
  it("draws a PNG that a QR reader decodes back to the payload", () => {
    const png = PNG.sync.read(qrPng(payload));
    expect(png.width).toBe(png.height);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(payload);
  });

  it("draws the same modules as an SVG path, quiet zone included", () => {
    const { size, path } = qrSvgPath(payload);
    const png = PNG.sync.read(qrPng(payload, 1));
    expect(size).toBe(png.width);
    expect(path).toMatch(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(path).not.toMatch(/M[0-3] /); // nothing drawn in the left quiet zone
  });
});
