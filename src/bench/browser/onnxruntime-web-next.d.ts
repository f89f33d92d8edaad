// onnxruntime-web-next is onnxruntime-web 1.31.1 installed under an npm alias beside the app's version (the bench's
// runtime comparison). Its types.d.ts declares the modules under the name 'onnxruntime-web'; the API the bench uses
// is the same in both versions, so the alias's entry point reuses the app's version's types.
declare module 'onnxruntime-web-next/wasm' {
  export * from 'onnxruntime-web';
}
