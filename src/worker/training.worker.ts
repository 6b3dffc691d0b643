/// <reference lib="webworker" />
/** The training worker: a thin shell around the host, which holds all the logic. */
import { loseDeviceForTest, tensorMemory } from '../model/backend';
import { createTrainingHost } from './host';
import type { Request } from './protocol';
import { WASM_PATHS } from './wasmPaths';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createTrainingHost((message, transfer) => scope.postMessage(message, transfer ?? []), {
  wasmPaths: WASM_PATHS,
});
scope.onmessage = (event: MessageEvent<Request>) => void host.handle(event.data);
// Hooks for the e2e tests and the soak script, reached through the DevTools protocol only:
// fault injection (a lost GPU device) and the tensor count.
Object.assign(scope, { __fmLoseDevice: loseDeviceForTest, __fmTensors: tensorMemory });
