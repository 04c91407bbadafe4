using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PgHa.Testing.Tls;

/// <summary>
/// A throw-away certificate authority made at server start, and the serving certificate it signs for
/// the loopback names. The CA goes into the kubeconfig and the client configuration, so clients
/// verify the server as they would a real cluster's, without touching the machine's trust store.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 authority, X509Certificate2 serving)
    {
        Authority = authority;
        Serving = serving;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server's certificate with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The CA certificate in PEM, as kubeconfig's <c>certificate-authority-data</c> expects (before base64).</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    public static CertificateAuthority Create(IPAddress address, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=pgha-embedded-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caWithKey = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=pgha-embedded-apiserver", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes.default.svc");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!IPAddress.IsLoopback(address) || (!address.Equals(IPAddress.Loopback) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            names.AddIpAddress(address);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(caWithKey, now.AddMinutes(-5), now.AddMonths(6), serial);
        var serving = signed.CopyWithPrivateKey(serverKey);
        var authority = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        return new CertificateAuthority(authority, serving);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
    }
}
