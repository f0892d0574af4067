export * from './tokenizer.ts';
