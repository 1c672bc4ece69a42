/** Something the local network started and must stop. */
export interface Service {
  readonly name: string
  stop(): Promise<void>
}

/**
 * Services stopped in reverse start order, once, even when one of them fails to stop; a
 * start that throws stops what had already started.
 */
export class ServiceGroup {
  #services: Service[] = []
  #stopping: Promise<void> | undefined

  add<S extends Service>(service: S): S {
    if (this.#stopping) throw new Error(`testkit: cannot add ${service.name}, the network is stopping`)
    this.#services.push(service)
    return service
  }

  get names(): string[] {
    return this.#services.map((s) => s.name)
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      const failures: unknown[] = []
      for (const service of [...this.#services].reverse()) {
        try {
          await service.stop()
        } catch (e) {
          failures.push(e)
        }
      }
      this.#services = []
      if (failures.length > 0) throw new AggregateError(failures, 'testkit: some services failed to stop')
    })()
    return this.#stopping
  }
}
