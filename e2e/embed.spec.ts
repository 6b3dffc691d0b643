/**
 * Embed mode as a blog reader meets it: a host page on another origin (e2e/hostServer.mjs,
 * `localhost:HOST_PORT`) with `<iframe sandbox="allow-scripts">` of the app
 * (`127.0.0.1:PORT/#embed=…`). The chosen views only, moving before any click, inside the
 * frame without sideways scrolling, at 320×240, 640×400 and 800×600; the Embed dialog's
 * snippet pasted into a host page shows what its preview shows; Share copies the link.
 */
import type { Frame, Page } from '@playwright/test';

import { canvasHash, expect, fm, HOST_PORT, open, pollUntil, test, waitFm } from './fixtures';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const APP = `http://127.0.0.1:${PORT}/`;

/** A host page on another origin whose only content is a sandboxed iframe of `hash`. */
async function openHost(page: Page, hash: string, width: number, height: number): Promise<Frame> {
  const src = encodeURIComponent(`${APP}#${hash}`);
  await page.goto(
    `http://localhost:${HOST_PORT}/?width=${width}&height=${height}&src=${src}&sandbox=allow-scripts`,
  );
  return pollUntil(async () => child(page), Boolean);
}

/** The page's one live iframe (re-found each time: the preview is replaced when its src changes). */
function child(page: Page): Frame {
  const f = page.frames().find((x) => x.parentFrame() !== null && !x.isDetached());
  if (!f) throw new Error('no iframe yet');
  return f;
}

/** Test ids of the embed's views and controls, and the geometry that must fit the frame. */
function layoutOf(frame: Frame) {
  return frame.evaluate(() => {
    const ids = (sel: string) =>
      Array.from(document.querySelectorAll(sel), (e) => e.getAttribute('data-testid')).sort();
    const de = document.documentElement;
    const boxes = Array.from(
      document.querySelectorAll('[data-testid^="embed-view-"], .embed-bar'),
      (e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('data-testid') ?? 'bar', ...r.toJSON() } as {
          id: string;
          left: number;
          top: number;
          right: number;
          bottom: number;
          width: number;
          height: number;
        };
      },
    );
    return {
      views: ids('[data-testid^="embed-view-"]'),
      canvases: ids('canvas[data-testid]'),
      controls: ids('.embed-bar [data-testid]'),
      header: document.querySelectorAll('header.header, .page-nav, .sidebar').length,
      sideways: de.scrollWidth - de.clientWidth,
      downwards: de.scrollHeight - de.clientHeight,
      width: de.clientWidth,
      height: de.clientHeight,
      boxes,
    };
  });
}

for (const [width, height] of [
  [320, 240],
  [640, 400],
  [800, 600],
] as const) {
  test(`embed=learned&autoplay in a sandboxed iframe at ${width}×${height}`, async ({ page }) => {
    test.setTimeout(120_000);
    const train = width === 320; // training once is enough; the layout is checked at each size
    const hash = `embed=learned&autoplay${train ? '&controls=train' : ''}`;
    const frame = await openHost(page, hash, width, height);
    await waitFm(frame, (f) => f.shownStep > 0 && f.pretrained !== null, 45_000);
    // It moves before any click: two readings of the canvas differ, and t advances.
    const before = await canvasHash(frame, 'view-learned');
    const t0 = (await fm(frame)).t;
    await pollUntil(
      () => canvasHash(frame, 'view-learned'),
      (h) => h !== before,
      10_000,
    );
    const moving = await fm(frame);
    expect(moving.playing).toBe(true);
    expect(moving.t).not.toBe(t0);
    expect(moving.frames.learned).toBeGreaterThan(3);

    const l = await layoutOf(frame);
    expect(l.views).toEqual(['embed-view-learned']);
    expect(l.canvases).toEqual(['view-learned']);
    expect(l.header).toBe(0);
    expect(l.controls).toEqual(
      train
        ? ['embed-open-full', 'play', 'reset', 'train'].sort()
        : ['embed-open-full', 'play'].sort(),
    );
    expect(l.sideways, 'horizontal overflow').toBeLessThanOrEqual(0);
    expect(l.downwards, 'vertical overflow').toBeLessThanOrEqual(0);
    expect([l.width, l.height]).toEqual([width, height]);
    for (const b of l.boxes) {
      expect(b.left, b.id).toBeGreaterThanOrEqual(0);
      expect(b.top, b.id).toBeGreaterThanOrEqual(0);
      expect(b.right, b.id).toBeLessThanOrEqual(width);
      expect(b.bottom, b.id).toBeLessThanOrEqual(height);
    }
    // The learned view gets most of the frame.
    const view = l.boxes.find((b) => b.id === 'embed-view-learned')!;
    expect(view.width * view.height).toBeGreaterThan(0.5 * width * height);

    const full = frame.getByTestId('embed-open-full');
    await expect(full).toHaveAttribute('target', '_blank');
    await expect(full).toHaveAttribute('rel', /noopener/);
    await expect(full).toHaveAttribute('href', APP);

    if (train) {
      const pretrainedStep = (await fm(frame)).step;
      await frame.getByTestId('train').click();
      const trained = await waitFm(
        frame,
        (f) => f.status === 'training' && f.step > pretrainedStep + 20 && f.pretrained === null,
        45_000,
      );
      expect(trained.error).toBeNull();
      await frame.getByTestId('pause').click();
      await waitFm(frame, (f) => f.status === 'paused');
    }
  });
}

test('without autoplay the flow waits at t = 1 for its play button', async ({ page }) => {
  test.setTimeout(90_000);
  const frame = await openHost(page, 'ds=rings&embed=conditional+learned&controls=time', 640, 400);
  await waitFm(frame, (f) => f.shownStep > 0, 45_000);
  const paused = await fm(frame);
  expect(paused.playing).toBe(false);
  expect(paused.t).toBe(1);
  const l = await layoutOf(frame);
  expect(l.views).toEqual(['embed-view-conditional', 'embed-view-learned']);
  // 640×400 is wide: side by side.
  const [a, b] = l.boxes.filter((x) => x.id.startsWith('embed-view-'));
  expect(Math.abs(a!.top - b!.top)).toBeLessThan(2);
  expect(l.controls).toContain('time-slider');
  await frame.getByTestId('play').click();
  await waitFm(frame, (f) => f.playing && f.t < 1);
  await expect(frame.getByTestId('embed-open-full')).toHaveAttribute('href', `${APP}#ds=rings`);
});

test('embed=compare shows the three columns only, moving, at 320×240', async ({ page }) => {
  test.setTimeout(120_000);
  const frame = await openHost(page, 'embed=compare&autoplay', 320, 240);
  const l = await pollUntil(
    () => layoutOf(frame),
    (x) => x.views.length === 3,
  );
  expect(l.views).toEqual(['embed-view-ot', 'embed-view-ve', 'embed-view-vp']);
  expect(l.canvases).toEqual(['cmp-view-ot', 'cmp-view-ve', 'cmp-view-vp']);
  expect(l.sideways).toBeLessThanOrEqual(0);
  expect(l.downwards).toBeLessThanOrEqual(0);
  await pollUntil(
    () => frame.getByTestId('cmp-note-ot').textContent(),
    (t) => /3000/.test(t ?? ''),
    60_000,
  );
  const before = await canvasHash(frame, 'cmp-view-ot');
  await pollUntil(
    () => canvasHash(frame, 'cmp-view-ot'),
    (h) => h !== before,
    10_000,
  );
});

test("the Embed dialog's snippet in a host page shows what its preview shows", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, 'ds=rings&sch=vp');
  await page.getByTestId('embed-button').click();
  const dialog = page.getByRole('dialog', { name: 'Embed this playground' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('embed-pick-conditional').check();
  await dialog.getByTestId('embed-control-time').check();
  await dialog.getByTestId('embed-control-train').check();
  await dialog.getByTestId('embed-size').selectOption({ label: '640 × 400' });
  const snippet = await dialog.getByTestId('embed-snippet').inputValue();
  const preview = dialog.getByTestId('embed-preview');
  const previewSrc = await preview.getAttribute('src');
  const src = /src="([^"]+)"/.exec(snippet)![1]!.replace(/&amp;/g, '&');
  expect(src).toBe(previewSrc);
  expect(src).toBe(`${APP}#ds=rings&sch=vp&embed=conditional+learned&controls=train,time&autoplay`);
  expect(snippet).toMatch(/width="640" height="400" sandbox="allow-scripts allow-popups"/);
  await expect(preview).toHaveAttribute('sandbox', 'allow-scripts allow-popups');
  await expect(preview).toHaveAttribute('width', '640');

  // The preview's own frame (not any child frame: a replaced preview may not be detached yet).
  const previewFrame = async () => (await preview.elementHandle())?.contentFrame() ?? undefined;
  const seen = await pollUntil(
    async () => layoutOf((await previewFrame())!),
    (x) => x.views.length === 2,
  );
  // Tab and Shift+Tab stay inside the modal dialog (through the preview's own controls too).
  // Focus that Tabs into the preview crosses into another renderer: the page clears its own
  // focused element at once and learns that the frame took the focus only when the frame says
  // so, a moment later (document.activeElement is <body> meanwhile). So each step waits for
  // focus to settle inside the dialog; focus that really left would never come back.
  const inside = () =>
    page.evaluate(() =>
      Boolean(document.querySelector('dialog[open]')?.contains(document.activeElement)),
    );
  for (const key of [...Array(24).fill('Tab'), ...Array(8).fill('Shift+Tab')] as string[]) {
    await page.keyboard.press(key);
    await expect.poll(inside, { message: `focus after ${key}` }).toBe(true);
  }
  // Esc closes the dialog (and its preview); focus goes back to the Embed button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('embed-button')).toBeFocused();

  // The snippet, verbatim, in a page on another origin.
  await page.goto(`http://localhost:${HOST_PORT}/?html=${encodeURIComponent(snippet)}`);
  const pasted = await pollUntil(
    () => layoutOf(child(page)),
    (x) => x.views.length === 2,
  );
  expect(pasted.views).toEqual(seen.views);
  expect(pasted.canvases).toEqual(seen.canvases);
  expect(pasted.controls).toEqual(seen.controls);
  expect([pasted.width, pasted.height]).toEqual([640, 400]);
  expect(pasted.sideways).toBeLessThanOrEqual(0);
  const f = await waitFm(child(page), (x) => x.shownStep > 0, 45_000);
  expect(f.pretrained).toMatch(/rings-vp/);
});

test('Share copies the link; where the clipboard is refused it shows it selected', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP });
  await open(page, 'ds=rings&w=32');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-status')).toHaveText('Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${APP}#ds=rings&w=32`);

  // In a sandboxed frame the clipboard is refused: a message, and the link selected.
  const src = encodeURIComponent(`${APP}#ds=rings`);
  await page.goto(
    `http://localhost:${HOST_PORT}/?width=1024&height=700&src=${src}&sandbox=allow-scripts`,
  );
  const frame = await pollUntil(async () => child(page), Boolean);
  await frame.getByTestId('share').click();
  await expect(frame.getByTestId('share-fallback')).toBeVisible();
  await expect(frame.getByTestId('share-fallback').getByRole('alert')).toContainText('clipboard');
  const field = frame.getByTestId('share-link');
  await expect(field).toHaveValue(`${APP}#ds=rings`);
  await expect(field).toBeFocused();
  const selected = await field.evaluate(
    (el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!,
  );
  expect(selected).toBe(`${APP}#ds=rings`.length);
});
