package io.alps.reporter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.alps.infra.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * OIDC switched on by configuration alone: the provider here is a signing key (Quarkus's OIDC
 * verifies tokens against {@code quarkus.oidc.public-key}, as it would against a provider's keys),
 * roles come from the token's groups claim, and the configured API tokens keep working beside it.
 */
@QuarkusTest
@TestProfile(OidcSwitchTest.Oidc.class)
@QuarkusTestResource(LocalInfraResource.class)
class OidcSwitchTest {
    private static final String SPEC = "{\"kind\":\"dense\",\"dataset\":\"fashion-mnist\",\"data\":\"tiny-fashion\","
            + "\"epochs\":1,\"rounds\":0,\"initial\":10}";

    /** A fresh key pair per test run; the private half reaches the test through its config. */
    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            KeyPair keys = newKeys();
            Base64.Encoder b64 = Base64.getEncoder();
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", b64.encodeToString(keys.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", "https://issuer.test",
                    "alps.test.oidc-signing-key", b64.encodeToString(keys.getPrivate().getEncoded()));
        }
    }

    @ConfigProperty(name = "alps.test.oidc-signing-key")
    String signingKey;

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private PrivateKey key() throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(signingKey)));
    }

    private static String token(PrivateKey key, Set<String> groups, long expiresInSeconds) {
        return Jwt.issuer("https://issuer.test").subject("alice").groups(groups)
                .expiresIn(expiresInSeconds).sign(key);
    }

    @Test
    void aProviderTokenWithTheWriteRoleSubmitsAndOneWithOnlyReadCannot() throws Exception {
        String writer = token(key(), Set.of("read", "write"), 300);
        given().header("Authorization", "Bearer " + writer).contentType(ContentType.JSON).body(SPEC)
                .post("/experiments").then().statusCode(202);
        String reader = token(key(), Set.of("read"), 300);
        given().header("Authorization", "Bearer " + reader).get("/experiments").then().statusCode(200);
        given().header("Authorization", "Bearer " + reader).contentType(ContentType.JSON).body(SPEC)
                .post("/experiments").then().statusCode(403);
    }

    @Test
    void aForgedOrExpiredTokenOrNoneIsRefused() throws Exception {
        String forged = token(newKeys().getPrivate(), Set.of("read", "write"), 300);
        given().header("Authorization", "Bearer " + forged).get("/experiments").then().statusCode(401);
        String expired = token(key(), Set.of("read", "write"), -600);
        given().header("Authorization", "Bearer " + expired).get("/experiments").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/experiments").then().statusCode(401);
        given().get("/experiments").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void theConfiguredApiTokensKeepWorkingBesideTheProvider() {
        given().header("Authorization", "Bearer test-write-token").get("/experiments").then().statusCode(200);
        given().header("Authorization", "Bearer test-read-token").contentType(ContentType.JSON).body(SPEC)
                .post("/experiments").then().statusCode(403);
        given().get("/q/health/live").then().statusCode(200);
    }
}
