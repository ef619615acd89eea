import type { PDFFont, PDFPage } from "@cantoo/pdf-lib";

export declare const PAGE: {
  width: number;
  height: number;
  margin: number;
  size: number;
  leading: number;
  indent: number;
};
export declare const LINES_PER_PAGE: number;
export declare const HEAD_Y: number;
export declare const FOOT_Y: number;
export declare function wrapParagraph(paragraph: string, font: PDFFont): string[];
export declare function drawLine(
  page: PDFPage,
  font: PDFFont,
  text: string,
  row: number,
  indent: boolean,
): void;
export declare function drawCentred(page: PDFPage, font: PDFFont, text: string, y: number): void;
