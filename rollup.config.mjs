// dist/index.js (ESM, wasm inlined) and dist/index.d.ts (one declaration file).
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

export default [
  {
    input: 'ts/index.ts',
    // The banner lets Deno find the types of the .js entry.
    output: { file: 'dist/index.js', format: 'es', sourcemap: true, banner: '/* @ts-self-types="./index.d.ts" */' },
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: true })],
  },
  {
    input: 'ts/index.ts',
    output: { file: 'dist/index.d.ts', format: 'es' },
    plugins: [dts({ tsconfig: './tsconfig.json' })],
  },
];
