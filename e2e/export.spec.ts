/**
 * Export (README "Import and export"): PNG and GIF exports decode to the right size and frame
 * count, WebM or its message; Save PNG of a chart and a comparison column at 1× and 2×; a
 * sandboxed frame says that downloads may be blocked. Imports: io.spec.ts.
 */
import type { Page } from '@playwright/test';
import { PALETTE } from '../src/render/palette';
import { expect, fm, HOST_PORT, open, pollUntil, test, waitFm } from './fixtures';
import { download, gifInfo, pngSize } from './ioFiles';

const PORT = Number(process.env.E2E_PORT ?? 4173);

test('PNG at the view size and 2×, a 48-frame GIF, WebM or its message, and Cancel', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, 'p=500');
  await waitFm(page, (f) => f.shownStep > 0, 45_000);
  const [w, h] = await page
    .getByTestId('view-learned')
    .evaluate((c: HTMLCanvasElement) => [c.clientWidth, c.clientHeight]);
  await page.getByTestId('export-menu-learned').click();
  expect(pngSize(await download(page, 'export-png-learned'))).toEqual({ width: w, height: h });
  expect(pngSize(await download(page, 'export-png2-learned'))).toEqual({
    width: 2 * w!,
    height: 2 * h!,
  });
  await expect(page.getByTestId('io-notice-view-learned')).toContainText('Saved flow-learned');

  const gif = gifInfo(await download(page, 'export-gif-learned', 60_000));
  const k = Math.min(1, 480 / Math.max(w!, h!));
  expect(gif).toEqual({ width: Math.round(w! * k), height: Math.round(h! * k), frames: 48 });

  const webcodecs = await page.evaluate(() => typeof VideoEncoder !== 'undefined');
  if (webcodecs) {
    const webm = await download(page, 'export-webm-learned', 60_000);
    expect(webm.readUInt32BE(0)).toBe(0x1a45dfa3); // EBML magic
    expect(webm.includes(Buffer.from('webm'))).toBe(true);
  } else {
    await page.getByTestId('export-webm-learned').click();
    await expect(page.getByTestId('io-notice-view-learned')).toContainText('WebM is not available');
  }

  await page.getByTestId('export-gif-conditional').evaluate((b: HTMLElement) => b.click());
  await page.getByTestId('encode-cancel').click();
  await expect(page.getByTestId('io-notice-view-conditional')).toContainText('Encoding cancelled');
});

test('in a sandboxed frame an export says downloads may be blocked', async ({ page }) => {
  const src = encodeURIComponent(`http://127.0.0.1:${PORT}/#p=500`);
  await page.goto(
    `http://localhost:${HOST_PORT}/?width=900&height=700&src=${src}&sandbox=allow-scripts`,
  );
  const frame = await pollUntil(async () => page.frames().find((f) => f.parentFrame()), Boolean);
  await waitFm(frame, (f) => Boolean(f.backend), 45_000);
  await frame.getByTestId('export-csv').click();
  await expect(frame.getByTestId('io-notice-points')).toContainText('sandboxed frame');
});

/** How many pixels of the PNG `png` are within 40 of the colour `hex` in every channel. */
function pixelsNear(page: Page, png: Buffer, hex: string): Promise<number> {
  return page.evaluate(
    async ({ b64, hex }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      [c.width, c.height] = [img.width, img.height];
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (rgb.every((v, k) => Math.abs(d[i + k]! - v) <= 40)) n++;
      }
      return n;
    },
    { b64: png.toString('base64'), hex },
  );
}

test('Save PNG of the loss chart and of a comparison column at 1× and 2×; none in an embed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, 'p=500&w=8&d=1&b=64');
  await page.getByTestId('train').click();
  await expect.poll(async () => (await fm(page)).step, { timeout: 45_000 }).toBeGreaterThan(60);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('loss-chart').locator('svg path').first()).toBeAttached();
  const svg = page.getByTestId('loss-chart').locator('svg');
  const [w, h] = await svg.evaluate((s: SVGSVGElement) => [s.clientWidth, s.clientHeight]);
  await page.getByTestId('png-menu-loss').click();
  const one = await download(page, 'png-loss');
  expect(pngSize(one)).toEqual({ width: w, height: h });
  const two = await download(page, 'png2-loss');
  expect(pngSize(two)).toEqual({ width: 2 * w!, height: 2 * h! });
  await expect(page.getByTestId('io-notice-png-loss')).toContainText('Saved loss@2x.png');
  // The curve came through in its colour (styles inlined), twice as many pixels at 2× or more.
  const line1 = await pixelsNear(page, one, PALETTE.lossAverage);
  expect(line1).toBeGreaterThan(w! / 2);
  expect(await pixelsNear(page, two, PALETTE.lossAverage)).toBeGreaterThan(1.5 * line1);

  await open(page, 'view=compare');
  const col = page.getByTestId('cmp-view-ot');
  await expect(col).toBeVisible();
  const [cw, ch] = await col.evaluate((c: HTMLCanvasElement) => [c.clientWidth, c.clientHeight]);
  await page.getByTestId('png-menu-column-ot').click();
  expect(pngSize(await download(page, 'png-column-ot'))).toEqual({ width: cw, height: ch });
  expect(pngSize(await download(page, 'png2-column-ot'))).toEqual({
    width: 2 * cw!,
    height: 2 * ch!,
  });
  await expect(page.getByTestId('io-notice-png-column-ot')).toContainText('copied from the view');

  for (const [hash, shown] of [
    ['embed=learned+loss', 'loss-chart'],
    ['embed=ot+vp', 'cmp-view-ot'],
  ] as const) {
    await open(page, hash);
    await page.reload({ waitUntil: 'commit' });
    await expect(page.getByTestId(shown)).toBeVisible();
    await expect(page.locator('.save-png')).toHaveCount(0);
  }
});
