/**
 * Class-conditional flows with classifier-free guidance (issue 16 part 5): the moons as two
 * classes, trained with label dropout, sampled as one class with w = 0 and w = 4; the link
 * keys; a drawing in two colours; screenshots of the controls in both languages.
 */
import type { Page } from '@playwright/test';
import { expect, fm, open, test, waitFm } from './fixtures';

const linkOf = (page: Page) => page.evaluate(() => location.hash);

test('moons as two classes: a conditional network, then guidance pulls class 1 into its moon', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await open(page, 'w=32&d=2&p=1000');
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Class-conditional').check();
  // No shipped network takes a class: the learned view says why it waits.
  await expect(page.getByText('The shipped networks are unconditional')).toBeVisible();
  await expect(page.getByLabel('Label dropout p')).toHaveValue('0.2');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.shownStep >= 300, 150_000);
  await page.getByTestId('pause').click();
  await waitFm(page, (f) => f.status === 'paused' && f.shownStep === f.step);
  let f = await fm(page);
  expect(f.classes?.count).toBe(2);

  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByTestId('guidance-formula').locator('.katex')).toBeVisible();
  await page.getByRole('radio', { name: 'Class 1' }).check();
  const at = async (w: number) => {
    const slider = page.getByRole('slider', { name: /Guidance scale w/ });
    await slider.fill(String(w));
    const shown = await waitFm(
      page,
      (s) => s.classes?.shown?.guidance === w && s.classes.shown.sampleClass === '0',
      30_000,
    );
    return shown.classes!.accuracy;
  };
  const plain = await at(0);
  await expect(page.getByTestId('nfe')).toContainText(`${(await fm(page)).nfe}`);
  const guided = await at(4);
  // Two network evaluations per solver step with w > 0.
  f = await fm(page);
  await expect(page.getByTestId('nfe')).toContainText(String(2 * f.nfe));
  console.log(`class-0 accuracy: w = 0 → ${plain.toFixed(3)}, w = 4 → ${guided.toFixed(3)}`);
  expect(plain).toBeGreaterThan(0.6);
  expect(guided).toBeGreaterThan(plain);
  expect(guided).toBeGreaterThan(0.9);
  // The choice is in the link; w and the class did not retrain the network.
  expect(f.step).toBe(f.shownStep);
  // The link is rewritten a moment after a change (debounced): wait for it, not for time.
  for (const key of ['cond=1', 'cls=0', 'cfg=4']) {
    await expect.poll(() => linkOf(page)).toContain(key);
  }
});

test('the link keys round-trip, and a bad value gets a notice and the default', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page, 'ds=rings&cond=1&pdrop=0.3&cfg=2.5&cls=3');
  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByRole('radio', { name: 'Class 4' })).toBeChecked();
  await expect(page.getByRole('slider', { name: /Guidance scale w/ })).toHaveValue('2.5');
  await page.getByRole('radio', { name: '∅ unconditional' }).check();
  await expect.poll(() => linkOf(page)).toContain('cls=none');
  const hash = await linkOf(page);
  for (const key of ['ds=rings', 'cond=1', 'pdrop=0.3', 'cfg=2.5']) expect(hash).toContain(key);

  await open(page, 'cond=1&cfg=99&cls=5&pdrop=x');
  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText('guidance scale w must be a number from 0 to 20, got 99');
  await expect(notice).toContainText('the target has 2 classes');
  await expect(notice).toContainText('labelDrop');
  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByRole('slider', { name: /Guidance scale w/ })).toHaveValue('0');
  await expect(page.getByRole('radio', { name: /Mixed/ })).toBeChecked();
});

test('drawing in two colours records each point’s class; undo keeps the classes', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page, 'ds=drawn');
  const canvas = page.getByTestId('draw-canvas');
  const box = (await canvas.boundingBox())!;
  const stroke = async (y: number) => {
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * y, { steps: 20 });
    await page.mouse.up();
  };
  await stroke(0.3);
  // The brush colours are radios: the keyboard moves between them.
  const first = page.getByRole('radio', { name: 'Class 1' });
  await expect(first).toBeChecked();
  await first.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Class 2' })).toBeChecked();
  await stroke(0.7);
  await expect.poll(() => linkOf(page)).toMatch(/lab=a\d+b\d+/);
  const labels = /lab=a(\d+)b(\d+)/.exec(await linkOf(page))!;
  expect((await fm(page)).points).toBe(Number(labels[1]) + Number(labels[2]));
  // Both class colours (Okabe–Ito blue #0072b2 and orange #e69f00) are on the drawing.
  const colours = () =>
    canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let [blue, orange] = [0, 0];
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] === 0x00 && d[i + 1] === 0x72 && d[i + 2] === 0xb2) blue++;
        if (d[i] === 0xe6 && d[i + 1] === 0x9f && d[i + 2] === 0x00) orange++;
      }
      return [blue > 0, orange > 0];
    });
  await expect.poll(colours).toEqual([true, true]);
  await page.screenshot({ path: 'test-results/screens/guidance-drawing.png' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => linkOf(page)).not.toContain('lab=');
  // Back to the first stroke: one colour, drawn in plain ink again.
  await waitFm(page, (f) => f.points === Number(labels[1]));
  await expect.poll(colours).toEqual([false, false]);

  // Conditional on a drawing with two colours: the class to sample lists both.
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Class-conditional').check();
  await expect(page.getByTestId('conditional-few')).toBeVisible();
  await page.getByRole('tab', { name: 'Target' }).click();
  await stroke(0.7);
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('conditional-few')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Sample' }).click();
  await expect(page.getByTestId('sample-class').getByRole('radio')).toHaveCount(4);
});

test('screenshots of the guidance controls at 1024×768 and 390×844, in English and Chinese', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, 'cond=1&cls=0&cfg=4&w=32&d=2');
  for (const [width, height] of [
    [1024, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh'] as const) {
      const toZh = lang === 'zh' && (await fm(page)).language !== 'zh';
      const toEn = lang === 'en' && (await fm(page)).language !== 'en';
      if (toZh) await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
      if (toEn) await page.getByRole('button', { name: '将界面切换为英文' }).click();
      await waitFm(page, (f) => f.language === lang);
      await page.getByRole('tab', { name: lang === 'en' ? 'Sample' : '采样' }).click();
      const fields = page.getByTestId('guidance-fields');
      await fields.scrollIntoViewIfNeeded();
      await expect(fields.locator('.katex').first()).toBeVisible();
      await expect(page.locator('.katex-error')).toHaveCount(0);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: `test-results/screens/guidance-${width}x${height}-${lang}.png`,
      });
    }
  }
});

test('the lesson scene trains a conditional network and sweeps w: 0 → 2 → 8 → 20', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const scene = 7;
  await open(page, `lesson=beyond&scene=${scene}`);
  const root = page.getByTestId('lesson');
  await expect(root).toHaveAttribute('data-scene', 'guidance');
  await expect(page.getByTestId('caption')).toContainText('classifier-free guidance');
  for (const w of [0, 2, 8, 20]) {
    // The sweep starts once training paused (its first samples, while training, have w = 0 too).
    const f = await waitFm(
      page,
      (s) => s.classes?.shown?.guidance === w && s.status === 'paused' && s.shownStep >= 1500,
      200_000,
    );
    console.log(
      `lesson w = ${w}: class accuracy ${f.classes!.accuracy.toFixed(3)} at step ${f.step}`,
    );
    expect(f.classes!.shown!.sampleClass).toBe('0');
    // The slider in the scene's controls follows the action.
    await expect(page.getByRole('slider', { name: /Guidance scale w/ })).toHaveValue(String(w));
  }
  // The last play ends at t = 1 and stays: the reader's own w re-samples without training.
  await waitFm(page, (s) => s.t === 1 && !s.playing, 30_000);
  const step = (await fm(page)).step;
  for (const w of [0, 2, 8]) {
    await page.getByRole('slider', { name: /Guidance scale w/ }).fill(String(w));
    await waitFm(page, (s) => s.classes?.shown?.guidance === w && s.t === 1);
    await page.waitForTimeout(300);
    await page
      .getByTestId('view-learned')
      .screenshot({ path: `test-results/screens/lesson-guidance-w${w}.png` });
  }
  expect((await fm(page)).step).toBe(step);
});
