import Foundation
import Templates

/// A root certificate authority SQL Server must trust for Azure's certificates (S6), embedded
/// from `templates/files/link-root-*.hex` and checked (N8: DER length) before use.
struct RootCertificate: Sendable {
    /// The certificate's name on SQL Server (`MicrosoftPKI`, `DigiCertPKI`).
    var name: String
    var blob: PublicBlob

    /// Microsoft RSA Root Certificate Authority 2017 and DigiCert Global Root G2.
    static func all() throws(MILinkError) -> [RootCertificate] {
        try [("MicrosoftPKI", "link-root-microsoftpki.hex"), ("DigiCertPKI", "link-root-digicertpki.hex")].map {
            (name, file) throws(MILinkError) in
            guard let text = Templates.named(file) else { throw .embeddedCertificate("\(file) is missing") }
            do {
                return RootCertificate(name: name, blob: try PublicBlob(hex: text))
            } catch {
                throw .embeddedCertificate("\(file): \(error)")
            }
        }
    }
}
