/** English messages of class-conditional models (spread into the catalogue in en.ts). */
export const guidanceEn = {
  guidanceModelClasses:
    'the network was trained on {classes} classes, but the data set “{target}” has {targetClasses}.',
};
