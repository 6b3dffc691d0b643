import { expect, fm, open, test, waitFm } from './fixtures';

test('switches solver and steps: NFE follows (Euler N, midpoint/Heun 2N, RK4 4N)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page);
  await page.getByRole('tab', { name: 'Sample' }).click();
  await page.getByLabel('ODE solver').selectOption('rk4');
  await expect(page.getByTestId('nfe')).toContainText('200');
  expect((await fm(page)).nfe).toBe(200);
  await page.getByLabel('ODE solver').selectOption('heun');
  const steps = page.getByRole('slider', { name: /Solver steps/ });
  await steps.fill('10');
  await expect(page.getByTestId('nfe')).toContainText('20');
  const f = await fm(page);
  expect([f.solver, f.steps, f.nfe]).toEqual(['heun', 10, 20]);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('sol=heun');
});

test('switches language, renders the explanations, and remembers the choice', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page);
  await page.getByRole('tab', { name: 'Explain' }).click();
  await expect(page.getByTestId('explain').locator('.katex').first()).toBeVisible();
  await expect(page.getByTestId('explain')).toContainText('The CFM loss');
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flow Matching 演练场');
  await expect(page.getByTestId('explain')).toContainText('CFM 损失函数');
  await expect(page.getByTestId('train')).toHaveText('训练');
  // Remembered across a reload (localStorage), even without the link naming it.
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.reload({ waitUntil: 'commit' });
  await waitFm(page, (f) => f.backend !== null);
  expect((await fm(page)).language).toBe('zh');
  await page.getByRole('button', { name: '将界面切换为英文' }).click();
  await waitFm(page, (f) => f.language === 'en');
});

test('a malformed link gives a clear message and defaults; nothing crashes', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page, 'w=abc&sol=leapfrog&n=999&pts=%%%&zz=1&sch=vp');
  const notice = page.getByTestId('link-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('width');
  await expect(notice).toContainText('solver');
  const f = await fm(page);
  expect([f.solver, f.steps]).toEqual(['euler', 50]);
  // The valid part of the link still applies.
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('Probability path')).toHaveValue('vp');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('invalid values typed into a field are refused and the last valid one kept', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await open(page, 'sch=ve');
  await page.getByRole('tab', { name: 'Train' }).click();
  const width = page.getByLabel('Width');
  await width.fill('0');
  await width.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'width' })).toBeVisible();
  await expect(width).toHaveValue('64');
  const sigmaMax = page.getByLabel('σ max');
  await sigmaMax.fill('0.001');
  await sigmaMax.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'σ_max' })).toBeVisible();
  await expect(sigmaMax).toHaveValue('10');
});

test('the weight average is set live, kept in the link, and refused outside [0, 0.9999]', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await open(page, 'w=32&d=2&b=128&p=500&n=16');
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.shownStep > 0, 45_000);
  const ema = page.getByLabel('Weight average (EMA) decay');
  await ema.fill('0.99');
  await ema.press('Enter');
  await waitFm(page, (f) => f.ema === 0.99);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('ema=0.99');
  // The views go on showing fresh trajectories, now of the averaged network.
  const at = (await fm(page)).shownStep;
  await waitFm(page, (f) => f.shownStep > at && f.status === 'training', 45_000);
  await ema.fill('1.5');
  await ema.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'weight average' })).toBeVisible();
  await expect(ema).toHaveValue('0.99');
  expect((await fm(page)).error).toBeNull();
  await page.getByTestId('pause').click();
});

test('works where localStorage throws (sandboxed iframes, strict privacy modes)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('storage is disabled', 'SecurityError');
      },
    });
  });
  await open(page);
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  await expect(page.getByTestId('train')).toHaveText('训练');
});
