export default async function globalTeardown() {
  const infra = globalThis.__intakeTestInfra;
  if (!infra) return;
  await infra.emulator.server.stop();
  await infra.postgres.stop();
}
