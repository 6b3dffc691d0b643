/**
 * Import and export (README "Import and export"): PNG and GIF exports decode to the right size
 * and frame count; points (CSV by the picker, JSON by a drop on the drawing), an image (with
 * its preview) and a model file are imported; each malformed file is refused with its message
 * and nothing changes; a link with the trained network opens with that flow; a sandboxed
 * frame says that downloads may be blocked.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { createRng } from '../src/flow/rng';
import { parameterShapes } from '../src/model/mlpConfig';
import { toModelFile } from '../src/model/weights';
import { PALETTE } from '../src/render/palette';
import { expect, fm, HOST_PORT, open, pollUntil, test, waitFm } from './fixtures';
import { gifInfo, grayPng, pngSize, ringCsv } from './ioFiles';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const ARCH = { width: 32, depth: 2, activation: 'silu' as const, timeEncoding: 'linear' as const };

/** A valid model file (3 × … small random weights), trained "for" rings at step 777. */
function modelFile(extra: Record<string, unknown> = {}) {
  const rng = createRng(9);
  const weights = parameterShapes(ARCH).map((s) =>
    Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => 0.2 * (rng.uniform() - 0.5)),
  );
  const meta = { architecture: ARCH, scheduler: { id: 'ot' as const, params: {} } };
  return { ...toModelFile({ ...meta, dataset: 'rings', seed: 3, step: 777 }, weights), ...extra };
}

const file = (name: string, mimeType: string, text: string | Buffer) => ({
  name,
  mimeType,
  buffer: typeof text === 'string' ? Buffer.from(text) : text,
});

async function bytesOf(d: Download): Promise<Buffer> {
  return readFile((await d.path())!);
}

async function download(page: Page, testId: string, timeout = 30_000): Promise<Buffer> {
  const [d] = await Promise.all([
    page.waitForEvent('download', { timeout }),
    page.getByTestId(testId).click(),
  ]);
  return bytesOf(d);
}

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

test('CSV by the picker, JSON by a drop, a PNG and an SVG through the preview', async ({
  page,
}) => {
  await open(page, 'p=500');
  const input = page.getByTestId('import-file');
  const notice = page.getByTestId('io-notice-import');
  await input.setInputFiles(file('ring.csv', 'text/csv', ringCsv(40, 2, ';')));
  await expect(notice).toContainText('Imported 40 points from ring.csv');
  await expect(page.getByTestId('point-count')).toContainText('40 target points');

  await input.setInputFiles(file('far.csv', 'text/csv', ringCsv(30, 250)));
  await expect(notice).toContainText('scaled');
  await expect(page.getByTestId('point-count')).toContainText('30 target points');

  const pts = Array.from({ length: 25 }, (_, i) => [Math.cos(i), Math.sin(i)]);
  await page.getByTestId('draw-drop').evaluate(
    (el, text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'drop.json', { type: 'application/json' }));
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
    },
    JSON.stringify({ points: pts }),
  );
  await expect(notice).toContainText('Imported 25 points from drop.json');

  const ring = (x: number, y: number) => Math.abs(Math.hypot(x - 32, y - 32) - 20) < 4;
  await input.setInputFiles(file('logo.png', 'image/png', grayPng(64, 64, ring)));
  await expect(page.getByTestId('image-preview')).toBeVisible();
  await page.getByTestId('image-count').fill('600');
  await page.getByTestId('image-accept').click();
  await expect(page.getByTestId('point-count')).toContainText('600 target points');
  await expect(page.getByTestId('image-preview')).toBeHidden();

  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="30"/></svg>';
  await input.setInputFiles(file('logo.svg', 'image/svg+xml', svg));
  // The preview keeps the last count chosen (600).
  await page.getByTestId('image-accept').click();
  await expect(page.getByTestId('point-count')).toContainText('600 target points');
  const f = await fm(page);
  expect(f.points).toBe(600);
});

test('a model file loads its network and settings in one step; exporting gives it back', async ({
  page,
}) => {
  await open(page, 'p=500');
  await waitFm(page, (f) => f.pretrained !== null && f.shownStep > 0, 45_000);
  await page
    .getByTestId('import-file')
    .setInputFiles(file('net.json', 'application/json', JSON.stringify(modelFile())));
  await expect(page.getByTestId('io-notice-import')).toContainText(
    'Loaded the network from net.json (step 777)',
  );
  const f = await waitFm(page, (x) => x.shownStep === 777);
  expect(f).toMatchObject({ step: 777, pretrained: null, status: 'idle', playing: true });
  await pollUntil(
    async () => page.evaluate(() => location.hash),
    (h) => /w=32/.test(h),
  );
  const hash = await page.evaluate(() => location.hash);
  expect(hash).toMatch(/ds=rings/);
  expect(hash).toMatch(/d=2/);

  await page.getByRole('tab', { name: 'Train' }).click();
  const saved = JSON.parse((await download(page, 'export-model')).toString());
  expect(saved).toMatchObject({ format: 'fm-playground-model', version: 1, step: 777 });
  expect(saved.architecture).toEqual(ARCH);
  expect(saved.settings).toMatch(/w=32/);
  const ours = (modelFile().weights[0] as { data: number[] }).data;
  saved.weights[0].data.forEach((v: number, i: number) => expect(v).toBeCloseTo(ours[i]!, 6));
});

test('malformed files are refused with their message and change nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, 'p=500');
  const before = await waitFm(page, (f) => f.pretrained !== null && f.shownStep > 0, 45_000);
  const hash = await page.evaluate(() => location.hash);
  const good = modelFile();
  const cases: [ReturnType<typeof file>, string][] = [
    [file('bad.csv', 'text/csv', 'x,y\n1,2\n0.5,abc\n'), 'row 3, column 2 is “abc”, not a number'],
    [file('nan.csv', 'text/csv', `${ringCsv(20)}NaN,1\n`), 'not a finite number'],
    [file('empty.csv', 'text/csv', ''), 'holds no points'],
    [file('many.csv', 'text/csv', ringCsv(4001)), 'more than 4000 points'],
    [file('few.csv', 'text/csv', ringCsv(5)), 'only 5 points; at least 16'],
    [file('big.csv', 'text/csv', '1,2\n'.repeat(300_000)), 'the limit is 1 MB'],
    [file('shape.json', 'application/json', '{"pts": []}'), 'neither [[x, y]'],
    [file('notes.docx', 'application/octet-stream', 'PK'), 'file type is not known'],
    [
      file('v2.json', 'application/json', JSON.stringify({ ...good, version: 2 })),
      'version 2, newer than this app reads (1)',
    ],
    [
      file(
        'cut.json',
        'application/json',
        JSON.stringify({ ...good, weights: good.weights.slice(2) }),
      ),
      'The architecture needs 6 weight arrays but the file has 4',
    ],
    [
      file(
        'blank.png',
        'image/png',
        grayPng(32, 32, () => false),
      ),
      '', // refused in the preview (below)
    ],
  ];
  const notice = page.getByTestId('io-notice-import');
  for (const [f, message] of cases) {
    await page.getByTestId('import-file').setInputFiles(f);
    if (!message) {
      await expect(page.getByTestId('image-problem')).toContainText('only 0 dark pixels');
      await expect(page.getByTestId('image-accept')).toBeDisabled();
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      continue;
    }
    await expect(notice).toContainText(`${f.name} was not imported`);
    await expect(notice).toContainText(message);
    await expect(notice).toContainText('Nothing was changed');
    await expect(page.getByTestId('point-count')).toContainText('2000 target points');
  }
  const after = await fm(page);
  expect(after).toMatchObject({ step: before.step, pretrained: before.pretrained, points: 2000 });
  expect(await page.evaluate(() => location.hash)).toBe(hash);
});

test('a link with the trained network opens with it; malformed weights lose nothing else', async ({
  page,
}) => {
  await open(page, 'p=500');
  await page
    .getByTestId('import-file')
    .setInputFiles(file('net.json', 'application/json', JSON.stringify(modelFile())));
  await waitFm(page, (x) => x.shownStep === 777);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('model-in-link').check();
  await expect(page.getByTestId('model-link-size')).toContainText('of at most 16000 characters');
  const link = await page.getByTestId('model-link').inputValue();
  expect(link).toMatch(/#.*w=32.*&m=[A-Za-z0-9_-]{2000,}$/);

  await page.goto('about:blank');
  await page.goto(link, { waitUntil: 'commit' });
  const f = await waitFm(page, (x) => x.shownStep === 777, 45_000);
  expect(f).toMatchObject({ step: 777, pretrained: null });
  await expect(page.getByTestId('io-notice-link')).toContainText('(step 777) is playing');
  await page.waitForTimeout(500); // past the link's debounced rewrite: it keeps the network
  expect(await page.evaluate(() => location.hash)).toMatch(/&m=/);

  await page.goto('about:blank');
  await page.goto(`./#p=500&m=${'A'.repeat(40)}`, { waitUntil: 'commit' });
  await expect(page.getByTestId('io-notice-link')).toContainText('could not be used');
  const g = await waitFm(page, (x) => x.pretrained === 'moons-ot.json' && x.shownStep > 0, 45_000);
  expect(g.particles).toBe(500);
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
