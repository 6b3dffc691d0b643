/** Resolve hook: retry an unsupported directory import as the sibling `.js` file. */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT' && specifier.startsWith('.')) {
      return next(`${specifier}.js`, context);
    }
    throw error;
  }
}
