import { expect, type Page } from '@playwright/test';
import zlib from 'node:zlib';

/** Records every request the page makes whose host is not localhost. */
export function watchExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (request) => {
    const { hostname, protocol } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== 'localhost' && hostname !== '127.0.0.1') {
      external.push(request.url());
    }
  });
  return external;
}

/** A PNG drawn by the browser itself: a gradient with a dark square. */
export async function makePng(page: Page, width = 48, height = 40): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, '#f5d76e');
      gradient.addColorStop(1, '#4a90d9');
      context.fillStyle = gradient;
      context.fillRect(0, 0, w, h);
      context.fillStyle = '#222';
      context.fillRect(w / 4, h / 4, w / 3, h / 3);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    [width, height],
  );
  return Buffer.from(bytes);
}

export async function uploadFiles(
  page: Page,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<void> {
  await page.goto('/#/images');
  await page.getByTestId('file-input').setInputFiles(files);
}

export async function loadModel(
  page: Page,
  options: { device?: 'wasm' | 'webgpu'; dtype?: string; modelId?: string } = {},
): Promise<void> {
  await page.goto('/#/model');
  await page.getByTestId('model-select').selectOption(options.modelId ?? 'tiny-random-smolvlm');
  await page.getByTestId('device-select').selectOption(options.device ?? '');
  for (const file of ['vision_encoder', 'embed_tokens', 'decoder_model_merged']) {
    await page.getByTestId(`dtype-${file}`).selectOption(options.dtype ?? '');
  }
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('model-ready')).toBeVisible();
}

/** A large greyscale PNG built in Node (rows compress to almost nothing), for the downscale-on-import path. */
export function largeGreyPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const row = Buffer.alloc(width + 1, 0x80);
  row[0] = 0; // filter: none
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One debiased shapes-world scene in the gallery, selected in Explore, with the adapter whose option mentions `adapterText` picked; returns its id. */
export async function exploreWithAdapter(page: Page, adapterText: string): Promise<string> {
  await page.goto('/#/images');
  await page.getByTestId('world-split').selectOption('test');
  await page.getByTestId('world-n').fill('1');
  await page.getByTestId('world-generate').click();
  await page.goto('/#/explore');
  await page.getByTestId('gallery').locator('li button').first().click();
  const adapterId = await page
    .getByTestId('adapter-select')
    .locator('option', { hasText: adapterText })
    .getAttribute('value');
  await page.getByTestId('adapter-select').selectOption(adapterId!);
  return adapterId!;
}
