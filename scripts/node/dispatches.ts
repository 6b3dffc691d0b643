/**
 * Counts the compute dispatches made on a WebGPU device from now on, by wrapping its command
 * encoders' compute passes (tfjs's own dispatches included). For the dispatch-count checks:
 * `const dispatches = countDispatches(device); …; dispatches()`.
 */
export function countDispatches(device: GPUDevice): () => number {
  let count = 0;
  const createEncoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = (desc?: GPUCommandEncoderDescriptor) => {
    const encoder = createEncoder(desc);
    const begin = encoder.beginComputePass.bind(encoder);
    encoder.beginComputePass = (d?: GPUComputePassDescriptor) => {
      const pass = begin(d);
      const dispatch = pass.dispatchWorkgroups.bind(pass);
      pass.dispatchWorkgroups = (x: number, y?: number, z?: number) => {
        count++;
        dispatch(x, y, z);
      };
      return pass;
    };
    return encoder;
  };
  return () => count;
}
