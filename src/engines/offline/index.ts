export { createOfflineEngine } from "./offline-engine";
export { type SegmentOptions, segmentSentences } from "./segment-sentences";
export { splitSentence } from "./split-sentence";
