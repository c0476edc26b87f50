declare module 'qrcode-svg' {
  export default class QRCode {
    constructor(opts: {
      content: string;
      join?: boolean;
      container?: string;
      padding?: number;
      ecl?: 'L' | 'M' | 'Q' | 'H';
    });
    svg(): string;
  }
}
