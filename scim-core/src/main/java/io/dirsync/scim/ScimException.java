package io.dirsync.scim;

/** A client-visible SCIM failure: the status, scimType and detail of an RFC 7644 error response. */
public class ScimException extends RuntimeException {
    private final int status;
    private final ScimType scimType;

    public ScimException(int status, ScimType scimType, String detail) {
        super(detail);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimException badRequest(ScimType scimType, String detail) {
        return new ScimException(400, scimType, detail);
    }

    public int status() {
        return status;
    }

    /** Null where RFC 7644 defines none for the status (401, 403, 404, 412, 500). */
    public ScimType scimType() {
        return scimType;
    }

    public ScimError toError() {
        return ScimError.of(status, scimType, getMessage());
    }
}
