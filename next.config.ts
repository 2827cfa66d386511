import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The simulated account lives in sim/ and is never bundled into the app.
  outputFileTracingExcludes: { '*': ['sim/**', 'tests/**', 'bench/**'] },
};

export default nextConfig;
