import Foundation

extension ImagePart {
    /// The largest image attached: 20 MB, OpenAI's limit per image.
    public static let maximumBytes = 20_000_000

    /// `bytes` as an image part when they start like a PNG, JPEG, WebP or GIF file; nil otherwise.
    public init?(bytes: [UInt8], name: String) {
        guard let kind = ImageKind(sniffing: bytes) else { return nil }
        let size = ImageSize.read(bytes, kind: kind)
        self.init(name: name, mediaType: kind.mediaType, data: Data(bytes), width: size?.width, height: size?.height)
    }

    /// The input tokens OpenAI bills for the image at `detail: auto`/`high` on GPT-4o-class
    /// models: the image is scaled to fit 2048×2048, then so its short side is at most 768,
    /// and costs 85 tokens plus 170 per 512-pixel tile. An image whose size is unknown is
    /// counted as one 768×768 image (765 tokens).
    public var estimatedTokens: Int {
        var w = Double(width ?? 768)
        var h = Double(height ?? 768)
        guard w > 0, h > 0 else { return 85 }
        let fit = min(1, 2048 / max(w, h))
        w *= fit
        h *= fit
        let shorten = min(1, 768 / min(w, h))
        w *= shorten
        h *= shorten
        let tiles = Int((w / 512).rounded(.up)) * Int((h / 512).rounded(.up))
        return 85 + 170 * tiles
    }
}

/// Reads an image's width and height from its header.
enum ImageSize {
    static func read(_ b: [UInt8], kind: ImageKind) -> (width: Int, height: Int)? {
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func le16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        switch kind {
        case .png:
            guard b.count >= 24 else { return nil }
            return (be32(16), be32(20))
        case .gif:
            guard b.count >= 10 else { return nil }
            return (le16(6), le16(8))
        case .webp:
            guard b.count >= 30 else { return nil }
            let chunk = String(decoding: b[12..<16], as: UTF8.self)
            switch chunk {
            case "VP8 ": return (le16(26) & 0x3FFF, le16(28) & 0x3FFF)
            case "VP8L":
                let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
                return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
            case "VP8X":
                let w = Int(b[24]) | Int(b[25]) << 8 | Int(b[26]) << 16
                let h = Int(b[27]) | Int(b[28]) << 8 | Int(b[29]) << 16
                return (w + 1, h + 1)
            default: return nil
            }
        case .jpeg:
            // Walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { return nil }
                let marker = b[i + 1]
                if marker == 0xFF { i += 1; continue }
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                let length = be16(i + 2)
                if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                    return (be16(i + 7), be16(i + 5))
                }
                i += 2 + length
            }
            return nil
        }
    }
}
