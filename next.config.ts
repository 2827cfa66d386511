import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Parallel work trees (several builds at once) can build into their own folder.
  distDir: process.env.SFN_LENS_DIST_DIR ?? '.next',
  poweredByHeader: false,
  // The simulated account lives in sim/ and is never bundled into the app.
  outputFileTracingExcludes: { '*': ['sim/**', 'tests/**', 'bench/**'] },
};

export default nextConfig;
