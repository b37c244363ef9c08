package io.github.firehoseappender.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's private key and certificate, read from a PKCS12 keystore into the {@link SSLContext} the HTTPS
 * server answers with. Clients are not asked for certificates.
 */
public final class ServerKeystore {
    private ServerKeystore() {
    }

    /**
     * @throws IOException when the file cannot be read or the password does not open it
     * @throws GeneralSecurityException when it is not PKCS12 or holds no private key
     */
    public static SSLContext sslContext(Path keystore, String password) throws IOException, GeneralSecurityException {
        char[] secret = password.toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, secret);
        }
        if (!hasPrivateKey(store)) {
            throw new KeyStoreException("it holds no private key entry (keytool -genkeypair makes one)");
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, secret);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static boolean hasPrivateKey(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
