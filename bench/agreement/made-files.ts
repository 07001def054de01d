// Files the agreement test makes itself, for what the shared corpus lacks: distinct Crop, Bleed,
// Trim and Art boxes, rotated pages, images placed through scaled and rotated matrices and forms,
// CMYK/gray/indexed images (real JPEG and PNG data made with sharp), and images with stated
// resolutions in every unit and source.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, StandardFonts, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import sharp from 'sharp';

const MM = 72 / 25.4;

async function photo(width: number, height: number): Promise<sharp.Sharp> {
  // a smooth gradient: real pixels, small files
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 128], (y * width + x) * 3);
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

async function makePdfs(dir: string): Promise<string[]> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const cmyk = await doc.embedJpg(await (await photo(400, 300)).toColourspace('cmyk').jpeg().toBuffer());
  const rgb = await doc.embedJpg(await (await photo(320, 200)).jpeg().toBuffer());
  const gray = await doc.embedPng(await (await photo(150, 150)).greyscale().png().toBuffer());
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  const sizes: [number, number, number][] = [
    [216, 303, 0],
    [303, 216, 90],
    [100, 150, 270],
    [420, 297, 180],
  ];
  sizes.forEach(([w, h, rot], i) => {
    const page = doc.addPage([w * MM, h * MM]);
    page.setCropBox(1 * MM, 1 * MM, (w - 1) * MM, (h - 1) * MM);
    page.setBleedBox(2 * MM, 2 * MM, (w - 2) * MM, (h - 2) * MM);
    page.setTrimBox(5 * MM, 5 * MM, (w - 5) * MM, (h - 5) * MM);
    page.setArtBox(12.5 * MM, 10.25 * MM, (w - 20) * MM, (h - 15) * MM);
    if (rot) page.setRotation({ type: 'degrees', angle: rot } as never);
    page.drawImage(cmyk, { x: 20 * MM, y: 20 * MM, width: 80 * MM, height: 60 * MM });
    page.drawImage(rgb, { x: 30 * MM, y: 90 * MM, width: (40 + i * 10) * MM, height: 25 * MM, rotate: { type: 'degrees', angle: 30 * i } as never });
    if (i % 2 === 0) page.drawImage(gray, { x: 10 * MM, y: 10 * MM, width: 12.7 * MM, height: 12.7 * MM });
    page.drawText(`Page ${i + 1}`, { x: 10 * MM, y: 10 * MM, size: 9, font: helv });
  });
  // an image inside a form XObject that is scaled again where it is drawn
  const form = doc.context.register(
    doc.context.flateStream('q 200 0 0 150 0 0 cm /Im Do Q', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 200, 150], Matrix: [0.5, 0, 0, 0.5, 0, 0], Resources: { XObject: { Im: cmyk.ref } } } as never),
  );
  const last = doc.getPage(3);
  last.node.setXObject(PDFName.of('Fm9'), form);
  last.pushOperators(pushGraphicsState(), concatTransformationMatrix(2, 0, 0, 3, 300, 300), drawObject('Fm9'), popGraphicsState());
  const path = join(dir, 'boxes-rotation-cmyk.pdf');
  writeFileSync(path, await doc.save());
  return [path];
}

async function makeImages(dir: string): Promise<string[]> {
  const out: [string, Buffer][] = [
    ['cmyk-300dpi.jpg', await (await photo(300, 200)).toColourspace('cmyk').jpeg().withMetadata({ density: 300 }).toBuffer()],
    ['rgb-72dpi-orient6.jpg', await (await photo(120, 80)).jpeg().withMetadata({ density: 72, orientation: 6 }).toBuffer()],
    ['gray-150dpi.png', await (await photo(90, 60)).greyscale().png().withMetadata({ density: 150 }).toBuffer()],
    ['rgba-16bit.png', await (await photo(64, 48)).ensureAlpha().png().toColourspace('rgb16').toBuffer()],
    ['palette.png', await (await photo(50, 50)).png({ palette: true, colours: 16 }).toBuffer()],
    ['cmyk-240dpi.tiff', await (await photo(200, 100)).toColourspace('cmyk').tiff().withMetadata({ density: 240 }).toBuffer()],
    ['gray-600dpi.tiff', await (await photo(80, 40)).greyscale().tiff().withMetadata({ density: 600 }).toBuffer()],
  ];
  return out.map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

/** Writes the files into a new temporary folder and returns their paths. */
export async function makeFiles(): Promise<{ dir: string; pdfs: string[]; images: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'filecheck-agreement-'));
  return { dir, pdfs: await makePdfs(dir), images: await makeImages(dir) };
}
