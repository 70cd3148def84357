// expect: DET204@4
export async function salt(): Promise<string> {
  const { randomBytes } = await import('crypto');
  return randomBytes(16).toString('hex');
}
