export function App() {
  return (
    <main>
      <h1>dp-playground</h1>
      <p>
        Solve image inverse problems (deblurring, inpainting, super-resolution, denoising) with a small diffusion model
        in your browser, and move along the distortion–perception tradeoff with one slider.
      </p>
      <p>
        WASM threads:{' '}
        {globalThis.crossOriginIsolated
          ? 'available (cross-origin isolated)'
          : 'unavailable (not cross-origin isolated)'}
      </p>
    </main>
  );
}
