using System.Text;
using System.Text.Json.Nodes;
using LogForge.Build.Engine;
using LogForge.Testing.Secrets;

namespace LogForge.Build.Tests;

/// <summary>
/// A server may echo a value in the form it was sent: Secret data in base64, a pull secret's auth as base64 inside
/// base64, a field JSON-escaped by Go. Each is masked; <see cref="SecretScan"/> decodes the output to prove it, and
/// is first shown to find the secret in the unmasked text, so each check can fail.
/// </summary>
public sealed class EncodedSecretMaskingTests
{
    public static readonly TheoryData<string> Secrets =
    [
        "gh" + "p_0123456789abcdefABCDEF0123456789abcd", // split: no credential-shaped literal in the tree
        "pa\"ss\\wo<r>d&1",
        "Ünïcødé-sécret-✓",
        "short6",
    ];

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Base64_of_a_secret_inside_any_text_is_masked_at_every_alignment(string secret)
    {
        var masker = Masking(secret);
        for (var before = 0; before < 6; before++)
        for (var after = 0; after < 4; after++)
        {
            var sent = new string('p', before) + secret + new string('s', after);
            var echoed = $"denied: data {Convert.ToBase64String(Encoding.UTF8.GetBytes(sent))} is not allowed";

            Assert.True(SecretScan.Reveals(echoed, secret));
            Assert.False(SecretScan.Reveals(masker.Apply(echoed), secret), masker.Apply(echoed));
        }
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void A_pull_secret_echoed_as_sent_is_masked_base64_inside_base64_included(string token)
    {
        var masker = Masking(token);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("lab-user:" + token));
        var registry = new JsonObject { ["username"] = "lab-user", ["password"] = token, ["auth"] = auth };
        var config = new JsonObject { ["auths"] = new JsonObject { ["ghcr.io"] = registry } };
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(config.ToJsonString()));
        var echoed = $"admission webhook \"x\" denied the request: {{\"kind\":\"Secret\",\"data\":{{\".dockerconfigjson\":\"{data}\"}}}}";

        Assert.True(SecretScan.Reveals(echoed, token));
        Assert.False(SecretScan.Reveals(masker.Apply(echoed), token), masker.Apply(echoed));
        Assert.Contains("admission webhook \"x\" denied the request", masker.Apply(echoed));
    }

    [Fact]
    public void A_secret_json_escaped_as_go_and_as_system_text_json_write_it_is_masked()
    {
        const string secret = "pa\"ss\\wo<r>d&1";
        var masker = Masking(secret);
        string[] echoes =
        [
            "{\"message\":\"value pa\\\"ss\\\\wo\\u003cr\\u003ed\\u00261 refused\"}",
            System.Text.Json.JsonSerializer.Serialize(new { value = secret }),
        ];

        foreach (var echoed in echoes)
        {
            Assert.True(SecretScan.Reveals(echoed, secret));
            Assert.False(SecretScan.Reveals(masker.Apply(echoed), secret), masker.Apply(echoed));
        }
    }

    [Fact]
    public void Random_secrets_at_random_places_in_base64_are_masked()
    {
        var random = new Random(20261203);
        for (var i = 0; i < 300; i++)
        {
            var secret = Printable(random, random.Next(6, 48));
            var masker = Masking(secret);
            var sent = Printable(random, random.Next(0, 12)) + secret + Printable(random, random.Next(0, 12));
            var once = Convert.ToBase64String(Encoding.UTF8.GetBytes(sent));
            var twice = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"auth\":\"" + once + "\"}"));

            Assert.False(SecretScan.Reveals(masker.Apply(once), secret), $"{secret} in {sent}: {masker.Apply(once)}");
            Assert.False(SecretScan.Reveals(masker.Apply(twice), secret), $"{secret} in {sent}: {masker.Apply(twice)}");
        }
    }

    [Fact]
    public void A_short_secret_is_masked_as_is_but_its_few_base64_characters_do_not_shred_other_base64()
    {
        var masker = Masking("abc");
        const string unrelated = "WVdKaiBpcyBub3QgaGVyZQ== and abc";

        Assert.Equal("WVdKaiBpcyBub3QgaGVyZQ== and ****", masker.Apply(unrelated));
    }

    private static SecretMasker Masking(string secret)
    {
        var masker = new SecretMasker();
        masker.Add(secret);
        return masker;
    }

    private static string Printable(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(33, 127))]);
}
