package io.dirsync.app.storage;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Installs {@link EvictSessionsThatRefuseWrites} on the Hikari pool before it starts, with a handle on the pool
 * it must renew; a class name in the properties could not pass one.
 */
@Component
class RefusedWriteRecovery implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && !hikari.isRunning() && hikari.getExceptionOverride() == null) {
            hikari.setExceptionOverride(new EvictSessionsThatRefuseWrites(
                    () -> {
                        HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                        if (pool != null) {
                            pool.softEvictConnections();
                        }
                    },
                    Clock.systemUTC()));
        }
        return bean;
    }
}
