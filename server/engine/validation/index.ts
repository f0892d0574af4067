export * from './check-digits.ts';
export * from './currencies.ts';
export * from './problems.ts';
export * from './quality.ts';
export * from './reference.ts';
export * from './validate.ts';
