package org.utbackpack.host.plugin;

import liquibase.resource.AbstractResource;
import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Serves one generated changelog to Liquibase from memory: nothing is written to disk. */
final class MemoryResourceAccessor implements ResourceAccessor {

    private final String path;
    private final byte[] content;

    MemoryResourceAccessor(String path, String content) {
        this.path = path;
        this.content = content.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<Resource> search(String searchPath, boolean recursive) {
        return getAll(searchPath);
    }

    @Override
    public List<Resource> getAll(String requested) {
        if (requested == null || !normalize(requested).equals(path)) {
            return List.of();
        }
        return List.of(new MemoryResource());
    }

    @Override
    public List<String> describeLocations() {
        return List.of("memory:" + path);
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static String normalize(String requested) {
        String result = requested.replace('\\', '/');
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        return result;
    }

    private final class MemoryResource extends AbstractResource {

        MemoryResource() {
            super(path, URI.create("memory:/" + path));
        }

        @Override
        public InputStream openInputStream() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public Resource resolve(String other) {
            throw new UnsupportedOperationException("The generated changelog includes no other files");
        }

        @Override
        public Resource resolveSibling(String other) {
            throw new UnsupportedOperationException("The generated changelog includes no other files");
        }

        @Override
        public OutputStream openOutputStream(OpenOptions options) throws IOException {
            throw new IOException("The generated changelog is read-only");
        }
    }
}
