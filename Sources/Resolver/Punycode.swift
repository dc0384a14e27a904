/// RFC 3492 Punycode, used to check `xn--` A-labels and to suggest the A-label for a label
/// written in Unicode. Only the algorithm; IDNA mapping (UTS 46) is not attempted.
public enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 128

    private static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (((base - tMin + 1) * delta) / (delta + skew))
    }

    private static func digit(_ value: Int) -> Character {
        let scalar = value < 26 ? 97 + value : 22 + value  // a-z, then 0-9
        return Character(Unicode.Scalar(UInt8(scalar)))
    }

    private static func value(of byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte) - 22
        case 0x41...0x5A: return Int(byte) - 0x41
        case 0x61...0x7A: return Int(byte) - 0x61
        default: return nil
        }
    }

    /// Decodes the part after `xn--`; nil when it is not valid Punycode.
    public static func decode(_ input: String) -> String? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [UInt32] = []
        var rest = bytes[...]
        if let dash = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<dash].map { UInt32($0) }
            rest = bytes[(dash + 1)...]
        }
        var n = initialN, i = 0, bias = initialBias
        var position = rest.startIndex
        while position < rest.endIndex {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < rest.endIndex, let d = value(of: rest[position]) else { return nil }
                position += 1
                let (product, overflow) = d.multipliedReportingOverflow(by: w)
                guard !overflow, i <= Int(UInt32.max) - product else { return nil }
                i += product
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if d < t { break }
                w *= base - t
                guard w <= Int(UInt32.max) else { return nil }
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, n >= 0x80 else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var text = ""
        for code in output {
            guard let scalar = Unicode.Scalar(code) else { return nil }
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    /// Encodes a label to Punycode (without the `xn--` prefix).
    public static func encode(_ input: String) -> String {
        let scalars = input.unicodeScalars.map { Int($0.value) }
        // Count scalars, not Characters: "\r\n" is two basic code points but one Character.
        let basic = input.unicodeScalars.filter { $0.isASCII }
        var output = String(String.UnicodeScalarView(basic))
        let basicCount = basic.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { break }
            delta += (m - n) * (handled + 1)
            n = m
            for c in scalars {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
