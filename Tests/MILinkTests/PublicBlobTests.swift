import MILink
import Testing

/// N8: `0x` + even-length hex of one DER certificate whose header length matches.
@Suite struct PublicBlobTests {
    @Test(
        arguments: [
            ("0x300100", "0x300100"),
            ("300100", "0x300100"),
            ("0X3001ab", "0x3001AB"),
            ("  0x3003010203\n", "0x3003010203"),
            ("0x3081800000", nil),
        ] as [(String, String?)])
    func acceptsAndNormalises(_ input: String, _ expected: String?) {
        #expect((try? PublicBlob(hex: input))?.hex == expected)
    }

    @Test(arguments: [
        ("", "empty"),
        ("0x", "empty"),
        ("0x30010", "odd number"),
        ("0x3001ZZ", "not a hex digit"),
        ("0x310100", "SEQUENCE"),
        ("0x30020000FF", "header says 4"),
    ])
    func refusesBadBlobs(_ input: String, _ says: String) {
        #expect {
            try PublicBlob(hex: input)
        } throws: { error in
            String(describing: error).contains(says)
        }
    }

    @Test func longFormLength() throws {
        let der: [UInt8] = [0x30, 0x82, 0x01, 0x00] + Array(repeating: 0, count: 256)
        #expect(try PublicBlob(der: der).bytes.count == 260)
    }
}

/// `--sql-certificate` in each form it accepts gives the same blob.
@Suite struct CertificateFileTests {
    static let der: [UInt8] = [0x30, 0x03, 0x02, 0x01, 0x05]

    @Test(arguments: [
        "0x3003020105", "0x3003020105\n", "3003020105", "0X3003020105",
        "-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n",
    ])
    func textFormsNormalise(_ text: String) throws {
        #expect(try PublicBlob(certificateFile: Array(text.utf8)).hex == "0x3003020105")
    }

    @Test func derIsReadAsIs() throws {
        #expect(try PublicBlob(certificateFile: Self.der).bytes == Self.der)
    }

    @Test(arguments: ["hello", "0x30", "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----"])
    func otherContentIsRefused(_ text: String) {
        #expect(throws: MILinkError.self) { try PublicBlob(certificateFile: Array(text.utf8)) }
    }
}
