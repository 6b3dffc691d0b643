/**
 * Import (README "Import and export"): points (CSV by the picker, JSON by a drop on the
 * drawing), an image (with its preview) and a model file are imported; each malformed file is
 * refused with its message and nothing changes; a link with the trained network opens with
 * that flow. Exports: export.spec.ts.
 */
import { createRng } from '../src/flow/rng';
import { parameterShapes } from '../src/model/mlpConfig';
import { toModelFile } from '../src/model/weights';
import { expect, fm, open, pollUntil, test, waitFm } from './fixtures';
import { download, file, grayPng, ringCsv } from './ioFiles';

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
