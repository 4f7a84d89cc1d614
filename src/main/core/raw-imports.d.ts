// Text files bundled as strings (Vite's `?raw`; scripts run under tsx get them from scripts/raw-loader.mjs).
declare module '*?raw' {
  const text: string;
  export default text;
}
