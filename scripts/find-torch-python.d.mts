export function findTorchPython(): string | undefined;
export function hasFastBlas(): boolean;
