import base from './playwright.config.mjs';
export default { ...base, testDir: './probe-bad-input', testMatch: '**/*.mjs', outputDir: './test-results/probe-bad-input', timeout: 120_000 };
