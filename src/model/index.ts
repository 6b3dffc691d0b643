export * from './backend';
export * from './mlp';
export * from './trainer';
export * from './sampler';
export * from './weights';
export * from './likelihood';
