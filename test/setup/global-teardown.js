export default async function globalTeardown() {
  await globalThis.__intakeTestInfra?.stop();
}
