// A locale's whole catalogue as the checks see it: the widget's messages (<locale>.ts) and the
// portal's labels (admin/<locale>.ts), kept in two files so the widget never loads the portal's.
// Kept out of src/core/messages/ so the widget's catalogue glob does not see it. Used by the catalogue test and scripts/missing-messages.mjs (not by any bundle).
export async function loadFullCatalogue(locale: string): Promise<Record<string, string>> {
  const { messages } = (await import(`./messages/${locale}.ts`)) as { messages: Record<string, string> };
  const { admin } = (await import(`./messages/admin/${locale}.ts`).catch(() => ({ admin: {} }))) as { admin: Record<string, string> };
  return { ...messages, ...admin };
}
