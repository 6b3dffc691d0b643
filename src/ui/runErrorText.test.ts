import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../i18n';
import { runErrorText } from './runErrorText';

const tr =
  (lang: 'en' | 'zh'): Translate =>
  (key, params) =>
    translate(lang, key, params);

const restart =
  'The training worker stopped responding (nothing for 45 s). A new one was started and ' +
  'resumed from the last checkpoint (step 1200); the drawing and settings are unchanged.';
const lost =
  'The GPU device was lost (destroyed: Device was destroyed.). Switched to WASM and resumed from the last checkpoint.';

describe('fault reports in the page language', () => {
  it('English reads exactly as the worker wrote it', () => {
    for (const m of [restart, lost, 'The training worker reported an error: boom']) {
      expect(runErrorText(m, tr('en'))).toBe(m);
    }
  });

  it('Chinese keeps the figures', () => {
    expect(runErrorText(restart, tr('zh'))).toBe(
      '训练 worker 停止响应（45 秒无回应）。已启动新的 worker，并从最近的检查点（第 1200 步）继续；手绘点和设置保持不变。',
    );
    expect(runErrorText(lost, tr('zh'))).toMatch(
      /^GPU 设备丢失（destroyed: Device was destroyed\.）/,
    );
  });

  it('other messages pass unchanged', () => {
    expect(runErrorText('Loss became NaN at step 3', tr('zh'))).toBe('Loss became NaN at step 3');
  });
});
