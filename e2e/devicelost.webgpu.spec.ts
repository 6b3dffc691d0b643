import { loseDeviceWhileTraining } from './deviceLoss';
import { test } from './fixtures';

// The 'webgpu' project (SwiftShader): destroying the device mid-training, as a driver reset
// would, ends in one message, a switch to WASM and training that resumes by itself.
test('a lost WebGPU device: one message, WASM takes over from the checkpoint, training goes on', async ({
  page,
}) => {
  test.setTimeout(170_000);
  await loseDeviceWhileTraining(page, 'backend=webgpu&w=8&d=1&b=64&p=500&n=4', 'webgpu');
});
