/**
 * A conditional trainer's step in slow motion: the rows' labels (after label dropout) show as
 * a class legend with ∅, and the network stage shows row 1's one-hot input; both languages.
 */
import { expect, fm, open, test, waitFm } from './fixtures';

test('a conditional step in slow motion shows its row labels and the one-hot input', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await open(page, 'w=32&d=2&b=256&p=2000&n=24&cond=1');
  await page.getByTestId('train').click();
  await waitFm(page, (f) => f.status === 'training' && f.step > 5, 60_000);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('slowmo-start').click();
  const shown = await waitFm(page, (f) => f.slowmo?.status === 'showing', 60_000);
  const batch = shown.slowmo!.numbers!.batch;
  const labels = page.getByTestId('slowmo-labels');
  await expect(labels).toContainText('class 0');
  await expect(labels).toContainText('class 1');
  await expect(labels).toContainText('∅ (label dropped)');
  // The counts in the legend add up to the batch.
  const text = await labels.innerText();
  const counts = [...text.matchAll(/\((\d+)\)/g)].map((m) => Number(m[1]));
  expect(counts.reduce((s, c) => s + c, 0)).toBe(batch);
  await expect(page.getByTestId('slowmo-onehot')).toHaveCount(0);
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('slowmo-panel')).toHaveAttribute('data-stage', 'network');
  await expect(page.getByTestId('slowmo-onehot')).toContainText('[x, y, t, one-hot(c)]');
  await page.screenshot({ path: 'test-results/screens/slowmo-classes-en.png' });
  expect((await fm(page)).classes?.count).toBe(2);
  // Switching the language closes the panel; a second slow step in Chinese.
  await page.getByRole('button', { name: 'Switch the interface to Chinese' }).click();
  await waitFm(page, (f) => f.language === 'zh');
  await page.getByRole('tab', { name: '训练' }).click();
  await page.getByTestId('slowmo-start').click();
  await waitFm(page, (f) => f.slowmo?.status === 'showing', 60_000);
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('slowmo-panel')).toHaveAttribute('data-stage', 'network');
  await expect(page.getByTestId('slowmo-labels')).toContainText('∅（标签被丢弃）');
  await expect(page.getByTestId('slowmo-onehot')).toContainText('第 1 行的网络输入');
  await page.screenshot({ path: 'test-results/screens/slowmo-classes-zh.png' });
});
